// One Slurm cluster, one node with few CPUs: the tests take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

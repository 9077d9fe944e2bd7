/* Supplies std::ios_base_library_init() (GCC 13, GLIBCXX_3.4.32) for an older libstdc++ (Debian 12, Ubuntu 22.04).
   GCC 13 calls it from every translation unit that includes <iostream> to construct the standard streams once;
   older libstdc++ does the same thing through a static std::ios_base::Init object, which is what this does.
   Loaded with RTLD_GLOBAL before TorchSharp's native library by LibTorchGlue (AutoBuild.Training), only where needed. */
extern void _ZNSt8ios_base4InitC1Ev(void *self); /* std::ios_base::Init::Init() */

void _ZSt21ios_base_library_initv(void) /* std::ios_base_library_init() */
{
    static char init[1];
    static int done;
    if (!done) { done = 1; _ZNSt8ios_base4InitC1Ev(init); }
}

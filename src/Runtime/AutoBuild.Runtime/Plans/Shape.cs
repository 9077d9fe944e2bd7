namespace AutoBuild.Runtime.Plans;

/// <summary>A tensor shape per example: channels × height × width for feature maps; for vectors Height = Width = 0;
/// for a sequence of token features <see cref="Sequence"/> (Channels = features per token, Height = length); for the
/// token ids a sequence network reads <see cref="Tokens"/> (Channels = vocabulary size, Height = length).</summary>
public readonly struct Shape : System.IEquatable<Shape>
{
    private const byte Spatial = 0, SequenceKind = 1, TokenKind = 2;
    private readonly byte _kind;

    public Shape(int channels, int height, int width) : this(channels, height, width, Spatial) { }

    private Shape(int channels, int height, int width, byte kind)
    {
        Channels = channels;
        Height = height;
        Width = width;
        _kind = kind;
    }

    /// <summary>The most channels a feature map may have (concatenating cells could otherwise overflow an int).</summary>
    public const int MaxChannels = 1 << 30;

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public bool IsVector => _kind == Spatial && Height == 0 && Width == 0;
    /// <summary>C×H×W: what convolutions, pooling and cells need.</summary>
    public bool IsFeatureMap => _kind == Spatial && !IsVector;
    /// <summary>A sequence of <see cref="Length"/> tokens with <see cref="Channels"/> features each.</summary>
    public bool IsSequence => _kind == SequenceKind;
    /// <summary>Token ids in 0..Channels−1 (the vocabulary), <see cref="Length"/> of them.</summary>
    public bool IsTokens => _kind == TokenKind;
    /// <summary>The number of tokens of a sequence or of token ids (Height).</summary>
    public int Length => Height;

    public static Shape Vector(int features) => new(features, 0, 0);
    public static Shape Sequence(int features, int length) => new(features, length, 0, SequenceKind);
    public static Shape Tokens(int vocabulary, int length) => new(vocabulary, length, 0, TokenKind);
    public bool Equals(Shape other) => Channels == other.Channels && Height == other.Height && Width == other.Width && _kind == other._kind;
    public override bool Equals(object? obj) => obj is Shape s && Equals(s);
    public override int GetHashCode() => ((Channels * 397 ^ Height) * 397 ^ Width) * 397 ^ _kind;
    public override string ToString() => IsTokens ? $"{Length} tokens of {Channels}" : IsSequence ? $"{Length}x{Channels} sequence" : IsVector ? $"{Channels}" : $"{Channels}x{Height}x{Width}";
}

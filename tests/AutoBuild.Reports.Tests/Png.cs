using System.IO.Compression;

namespace AutoBuild.Reports.Tests;

/// <summary>
/// A minimal PNG decoder for screenshot checks: 8-bit RGB or RGBA, non-interlaced (what Chromium writes).
/// Pixels come back as 0xRRGGBB (alpha dropped, screenshots are opaque).
/// </summary>
internal sealed class Png
{
    private Png(int width, int height, int[] pixels)
    {
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public int[] Pixels { get; }

    public int DistinctColours => Pixels.Distinct().Count();

    public double FractionNot(int rgb) => Pixels.Count(p => p != rgb) / (double)Pixels.Length;

    /// <summary>The fraction of pixels that differ from white in the horizontal band [y0, y1).</summary>
    public double InkIn(int y0, int y1)
    {
        y0 = Math.Clamp(y0, 0, Height);
        y1 = Math.Clamp(y1, y0, Height);
        var n = 0;
        for (var y = y0; y < y1; y++)
            for (var x = 0; x < Width; x++)
                if (Pixels[y * Width + x] != 0xFFFFFF) n++;
        return y1 > y0 ? n / (double)((y1 - y0) * Width) : 0;
    }

    public static Png Decode(byte[] data)
    {
        ReadOnlySpan<byte> signature = new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 };
        if (data.Length < 8 || !data.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException("not a PNG file");
        int width = 0, height = 0, colourType = -1, pos = 8;
        using var idat = new MemoryStream();
        while (pos + 8 <= data.Length)
        {
            var length = BigEndian(data, pos);
            var type = System.Text.Encoding.ASCII.GetString(data, pos + 4, 4);
            var body = pos + 8;
            if (type == "IHDR")
            {
                width = BigEndian(data, body);
                height = BigEndian(data, body + 4);
                var bitDepth = data[body + 8];
                colourType = data[body + 9];
                var interlace = data[body + 12];
                if (bitDepth != 8 || (colourType != 2 && colourType != 6) || interlace != 0)
                    throw new InvalidDataException($"unsupported PNG: bit depth {bitDepth}, colour type {colourType}, interlace {interlace}");
            }
            else if (type == "IDAT") idat.Write(data, body, length);
            else if (type == "IEND") break;
            pos = body + length + 4;
        }
        var channels = colourType == 6 ? 4 : 3;
        var stride = width * channels;
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        if (bytes.Length < (long)height * (stride + 1)) throw new InvalidDataException("truncated PNG image data");

        var prev = new byte[stride];
        var cur = new byte[stride];
        var pixels = new int[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = bytes[y * (stride + 1)];
            Array.Copy(bytes, y * (stride + 1) + 1, cur, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? cur[i - channels] : 0, b = prev[i], c = i >= channels ? prev[i - channels] : 0;
                cur[i] = filter switch
                {
                    0 => cur[i],
                    1 => (byte)(cur[i] + a),
                    2 => (byte)(cur[i] + b),
                    3 => (byte)(cur[i] + (a + b) / 2),
                    4 => (byte)(cur[i] + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"bad PNG filter {filter} in row {y}"),
                };
            }
            for (var x = 0; x < width; x++)
                pixels[y * width + x] = (cur[x * channels] << 16) | (cur[x * channels + 1] << 8) | cur[x * channels + 2];
            (prev, cur) = (cur, prev);
        }
        return new Png(width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int BigEndian(byte[] d, int i) => (d[i] << 24) | (d[i + 1] << 16) | (d[i + 2] << 8) | d[i + 3];
}

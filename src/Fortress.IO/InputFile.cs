using System.Runtime.InteropServices;
using System.Text;
using Fortress.Diagnostics;

namespace Fortress.IO;

/// <summary>
/// Every file Fortress reads goes through here: only regular files are opened (a folder, a device such as
/// <c>/dev/zero</c>, a FIFO or a socket named as a file is a clear problem, before anything blocks or runs forever),
/// sizes are held to <see cref="WorkLimits"/>, and text must be UTF-8.
/// </summary>
public static class InputFile
{
    /// <summary>What a path names.</summary>
    public enum Kind { Missing, Regular, Directory, Other }

    /// <summary>
    /// What <paramref name="path"/> names, following symbolic links. On Linux the file type comes from <c>statx</c>
    /// (a device or a FIFO is <see cref="Kind.Other"/>); elsewhere only files and folders are told apart.
    /// </summary>
    public static Kind KindOf(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var buffer = new byte[256];
                if (NativeStat.statx(AtFdCwd, path, 0, StatxType, buffer) == 0)
                {
                    var mode = BitConverter.ToUInt16(buffer, 28) & 0xF000; // stx_mode at offset 28 of struct statx
                    return mode switch { 0x8000 => Kind.Regular, 0x4000 => Kind.Directory, _ => Kind.Other };
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno is 2 or 20) return Kind.Missing; // ENOENT, ENOTDIR
            }
            catch (EntryPointNotFoundException) { /* an old C library: the managed checks below */ }
            catch (DllNotFoundException) { }
        }
        if (Directory.Exists(path)) return Kind.Directory;
        return File.Exists(path) ? Kind.Regular : Kind.Missing;
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;

    private static class NativeStat
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int statx(int dirfd, string path, int flags, uint mask, byte[] buffer);
    }

    /// <summary>
    /// Refuses <paramref name="path"/> unless it is a regular file of at most <paramref name="maxBytes"/> bytes
    /// (<see cref="WorkLimitExceededException"/> naming <paramref name="limitName"/> when larger).
    /// </summary>
    /// <param name="displayName">How problems name the file (default: the path as given).</param>
    public static void Require(string path, string? displayName = null, long? maxBytes = null, string limitName = "documentBytes")
    {
        var where = displayName ?? path;
        switch (KindOf(path))
        {
            case Kind.Missing: throw new InvalidInputException(where, "file not found");
            case Kind.Directory: throw new InvalidInputException(where, "is a folder, not a file: name a file");
            case Kind.Other: throw new InvalidInputException(where, "is not a regular file (a device, a pipe or a socket): Fortress reads only regular files");
        }
        if (maxBytes is { } max) WorkLimits.Check(where, limitName, "the file's size in bytes", new FileInfo(path).Length, max);
    }

    /// <summary>Opens a regular file for reading (<see cref="Require"/> first); the size limit is <see cref="WorkLimits.NetworkFileBytes"/> unless given.</summary>
    public static FileStream OpenRead(string path, string? displayName = null, long? maxBytes = null, string limitName = "networkFileBytes")
    {
        Require(path, displayName, maxBytes ?? WorkLimits.Current.NetworkFileBytes, limitName);
        return Unreadable(path, displayName, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536));
    }

    /// <summary>The whole file as bytes, at most <see cref="WorkLimits.DocumentBytes"/> unless given.</summary>
    public static byte[] ReadBytes(string path, string? displayName = null, long? maxBytes = null, string limitName = "documentBytes")
    {
        var max = maxBytes ?? WorkLimits.Current.DocumentBytes;
        Require(path, displayName, max, limitName);
        return Unreadable(path, displayName, () =>
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            // Read to the end with the same bound: a file that grows after the size check is refused too.
            using var ms = new MemoryStream();
            var chunk = new byte[65536];
            int n;
            while ((n = fs.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (ms.Length + n > max) WorkLimits.Check(displayName ?? path, limitName, "the file's size in bytes", ms.Length + n, max);
                ms.Write(chunk, 0, n);
            }
            return ms.ToArray();
        });
    }

    /// <summary>The whole file as UTF-8 text (a byte-order mark is dropped); bytes that are not UTF-8 are a problem naming their offset.</summary>
    public static string ReadText(string path, string? displayName = null, long? maxBytes = null) =>
        Utf8(ReadBytes(path, displayName, maxBytes), displayName ?? path);

    /// <summary>A whole stream as UTF-8 text, at most <see cref="WorkLimits.DocumentBytes"/> bytes unless given (a document sent to the service).</summary>
    public static string ReadText(Stream stream, string displayName, long? maxBytes = null)
    {
        var max = maxBytes ?? WorkLimits.Current.DocumentBytes;
        using var ms = new MemoryStream();
        var chunk = new byte[65536];
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (ms.Length + n > max) WorkLimits.Check(displayName, "documentBytes", "the document's size in bytes", ms.Length + n, max);
            ms.Write(chunk, 0, n);
        }
        return Utf8(ms.GetBuffer().AsSpan(0, (int)ms.Length), displayName);
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes UTF-8 strictly (a leading byte-order mark is dropped); invalid bytes are an <see cref="InvalidInputException"/> at <paramref name="where"/>.</summary>
    public static string Utf8(ReadOnlySpan<byte> bytes, string where)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        try { return Strict.GetString(bytes); }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidInputException(where, ex.Index >= 0 ? $"not UTF-8 text: invalid byte at offset {ex.Index}" : "not UTF-8 text");
        }
    }

    private static T Unreadable<T>(string path, string? displayName, Func<T> read)
    {
        try { return read(); }
        catch (UnauthorizedAccessException) { throw new InvalidInputException(displayName ?? path, "cannot be read: permission denied"); }
        catch (IOException ex) when (ex is not FileNotFoundException) { throw new InvalidInputException(displayName ?? path, "cannot be read: " + ex.Message); }
    }
}

using System.Text;
using Fortress.Diagnostics;

namespace Fortress.IO;

/// <summary>
/// Every file Fortress writes goes through here: the content goes to a uniquely named temporary file beside the
/// target, flushed to disk, then renamed over the target in one step. A reader never sees half a file; on any failure
/// the temporary file is removed and an existing target is left as it was; no other file (a user's own
/// <c>net.fnet.tmp</c>) is ever touched.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="content"/> to <paramref name="target"/> as above.</summary>
    /// <exception cref="InvalidInputException">The target is a folder or not a regular file, or its folder does not exist.</exception>
    /// <exception cref="FortressException">The write failed (a full disk, a size limit, no permission): code <c>output.failed</c>, a user error.</exception>
    public static void Write(string target, Action<Stream> content)
    {
        var full = CheckTarget(target);
        var dir = Path.GetDirectoryName(full)!;
        var tmp = Path.Combine(dir, $"{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var guarded = new WriteErrors(fs);
                content(guarded);
                guarded.Flush();
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch (Exception ex)
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (ex is IOException or UnauthorizedAccessException)
                throw new FortressException("output.failed", ErrorCause.User, $"{target}: cannot write the file ({ex.Message.TrimEnd('.')}); nothing was written", ex);
            throw;
        }
    }

    /// <summary>
    /// Refuses a target that cannot be written as a file before any work is done: a folder, a device or a pipe, or a
    /// path whose folder does not exist. Returns the full path.
    /// </summary>
    public static string CheckTarget(string target)
    {
        var full = Path.GetFullPath(target);
        switch (InputFile.KindOf(full))
        {
            case InputFile.Kind.Directory: throw new InvalidInputException(target, "is a folder: give the name of a file to write");
            case InputFile.Kind.Other: throw new InvalidInputException(target, "is not a regular file (a device, a pipe or a socket): give the name of a file to write");
        }
        var dir = Path.GetDirectoryName(full)!;
        if (InputFile.KindOf(dir) != InputFile.Kind.Directory) throw new InvalidInputException(target, $"the folder {dir} does not exist");
        return full;
    }

    /// <summary>
    /// The temporary file's stream, with the file system's refusals as <see cref="IOException"/>: .NET reports a write
    /// over the file-size limit (EFBIG) as <see cref="ArgumentOutOfRangeException"/>, which would read as a fault.
    /// </summary>
    private sealed class WriteErrors(FileStream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => Guard(inner.Flush);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Guard(() => inner.Write(buffer, offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try { inner.Write(buffer); }
            catch (ArgumentOutOfRangeException ex) { throw new IOException("the file is too large for this file system or over the file-size limit", ex); }
        }

        private static void Guard(Action write)
        {
            try { write(); }
            catch (ArgumentOutOfRangeException ex) { throw new IOException("the file is too large for this file system or over the file-size limit", ex); }
        }
    }

    /// <summary>Writes bytes (<see cref="Write(string, Action{Stream})"/>).</summary>
    public static void WriteBytes(string target, ReadOnlyMemory<byte> bytes) => Write(target, s => s.Write(bytes.Span));

    /// <summary>Writes UTF-8 text without a byte-order mark (<see cref="Write(string, Action{Stream})"/>).</summary>
    public static void WriteText(string target, string text) => Write(target, s => s.Write(new UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes text through a writer (UTF-8, no byte-order mark), e.g. a report rendered piece by piece.</summary>
    public static void WriteText(string target, Action<TextWriter> write) => Write(target, s =>
    {
        using var w = new StreamWriter(s, new UTF8Encoding(false), 65536, leaveOpen: true);
        write(w);
        w.Flush();
    });
}

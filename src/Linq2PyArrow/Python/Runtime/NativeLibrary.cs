using System.Runtime.InteropServices;

namespace Linq2PyArrow.Python.Runtime;

/// <summary>
/// dlopen/dlsym through libc. .NET's NativeLibrary.Load cannot pass RTLD_GLOBAL, and without it
/// C extensions (ctypes, numpy, GDAL) fail to resolve libpython's symbols when they are imported.
/// </summary>
internal static partial class DynamicLinker
{
    private const int RTLD_NOW = 0x2;
    private const int RTLD_GLOBAL = 0x100;
    private const int RTLD_NOLOAD = 0x4;

    public static nint OpenGlobal(string path, out string? error) => Open(path, RTLD_NOW | RTLD_GLOBAL, out error);

    /// <summary>
    /// The library if the process already has it loaded (by any path or link naming the same file: glibc compares
    /// device and inode), else 0; never loads it. An already loaded library is made RTLD_GLOBAL if it was not.
    /// </summary>
    public static nint OpenIfLoaded(string path) => Open(path, RTLD_NOW | RTLD_GLOBAL | RTLD_NOLOAD, out _);

    private static nint Open(string path, int flags, out string? error)
    {
        nint handle;
        try
        {
            handle = LibC.dlopen(path, flags);
            error = handle == 0 ? LibC.LastError() : null;
        }
        catch (EntryPointNotFoundException)
        {
            // glibc older than 2.34 keeps dlopen in libdl.
            handle = LibDl.dlopen(path, flags);
            error = handle == 0 ? LibDl.LastError() : null;
        }
        return handle;
    }

    public static nint Symbol(nint library, string name)
    {
        try { return LibC.dlsym(library, name); }
        catch (EntryPointNotFoundException) { return LibDl.dlsym(library, name); }
    }

    /// <summary>The canonical absolute path (symbolic links resolved), or the full path when it cannot be resolved.</summary>
    public static string RealPath(string path)
    {
        var resolved = LibC.realpath(path, 0);
        if (resolved == 0) return Path.GetFullPath(path);
        try
        {
            return Marshal.PtrToStringUTF8(resolved)!;
        }
        finally
        {
            LibC.free(resolved);
        }
    }

    private static partial class LibC
    {
        [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint realpath(string path, nint resolved);

        [LibraryImport("libc.so.6")]
        public static partial void free(nint pointer);

        [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint dlopen(string path, int flags);

        [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint dlsym(nint handle, string symbol);

        [LibraryImport("libc.so.6")]
        private static partial nint dlerror();

        public static string? LastError() => Marshal.PtrToStringUTF8(dlerror());
    }

    private static partial class LibDl
    {
        [LibraryImport("libdl.so.2", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint dlopen(string path, int flags);

        [LibraryImport("libdl.so.2", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint dlsym(nint handle, string symbol);

        [LibraryImport("libdl.so.2")]
        private static partial nint dlerror();

        public static string? LastError() => Marshal.PtrToStringUTF8(dlerror());
    }
}

/// <summary>The process environment as native code sees it (managed Environment changes don't reach getenv on Unix).</summary>
internal static partial class NativeEnvironment
{
    [LibraryImport("libc.so.6", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    /// <summary>Copies a managed environment variable into the native environment so libpython's getenv sees it.</summary>
    public static void Propagate(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (value is not null) setenv(name, value, 1);
    }
}

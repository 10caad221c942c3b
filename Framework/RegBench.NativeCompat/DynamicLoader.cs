using System.Runtime.InteropServices;

namespace RegBench.NativeCompat;

/// <summary>glibc's <c>dlopen</c>/<c>dlerror</c>, to get the loader's own explanation when a library does not load.</summary>
internal static class DynamicLoader
{
    private const int ResolveAllSymbolsNow = 2; // RTLD_NOW

    /// <summary>
    /// Loads <paramref name="path"/> with <c>dlopen</c>; returns null on success (the handle stays loaded),
    /// otherwise the text of <c>dlerror</c>, e.g. "libc10.so: cannot open shared object file: No such file or directory".
    /// </summary>
    public static string? TryLoad(string path)
    {
        // Binding a P/Invoke stub runs dlsym, which clears dlerror's text: bind both stubs (and clear stale text) first.
        dlerror();
        if (dlopen(path, ResolveAllSymbolsNow) != IntPtr.Zero)
        {
            return null;
        }

        var error = dlerror();
        return error == IntPtr.Zero ? "dlopen failed without an error text" : Marshal.PtrToStringUTF8(error);
    }

    [DllImport("libc", EntryPoint = "dlopen")]
    private static extern IntPtr dlopen([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "dlerror")]
    private static extern IntPtr dlerror();
}

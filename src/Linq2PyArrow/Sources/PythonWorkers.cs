namespace Linq2PyArrow.Sources;

/// <summary>
/// Dedicated threads that run partition readers. Not the thread pool: readers block inside Python (I/O, sleep,
/// a source that never returns), and blocking pool threads starves the rest of the process while the pool's
/// slow thread injection would serialize partitions. Threads are reused, so each keeps its Python thread
/// state warm, and retire after idling so the count follows demand.
/// </summary>
internal static class PythonWorkers
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);
    private static readonly object s_gate = new();
    private static readonly Queue<Action> s_work = new();
    private static int s_idle;
    private static int s_threads;

    /// <summary>Threads currently alive (busy or idle).</summary>
    public static int ThreadCount => Volatile.Read(ref s_threads);

    public static void Run(Action work)
    {
        lock (s_gate)
        {
            s_work.Enqueue(work);
            // Every queued item needs its own idle thread; otherwise start one.
            if (s_idle >= s_work.Count) Monitor.Pulse(s_gate);
            else StartThread();
        }
    }

    private static void StartThread()
    {
        s_threads++;
        new Thread(Loop) { IsBackground = true, Name = "Linq2PyArrow worker" }.Start();
    }

    private static void Loop()
    {
        Python.Gil.DeclareLibraryThread();
        while (true)
        {
            Action work;
            lock (s_gate)
            {
                while (s_work.Count == 0)
                {
                    s_idle++;
                    var signalled = Monitor.Wait(s_gate, IdleTimeout);
                    s_idle--;
                    if (!signalled && s_work.Count == 0)
                    {
                        s_threads--;
                        return;
                    }
                }
                work = s_work.Dequeue();
            }
            work(); // never throws: readers report failures to their scan
        }
    }
}

# Spawns a command in a real pty and prints the ms from spawn until its first complete frame:
# every --until text is on screen (default: the dashboard's status bar), then quits it with "q".
# --exit instead waits for the command to end (the baseline: `node -e 0` in the same pty).
# --size COLSxROWS sets the pty (default 100x30).
# With --rss: after the first frame it moves (j/k) and filters for a while as a person
# would, rewrites the session index at $REWRITE_INDEX if set (as another authui process's login
# does: a new file renamed over it), leaves it open $SETTLE seconds (default 1.5), then prints a
# JSON line {"firstFrameMs", "rssMb", "cpuMs"}: the process's resident memory at the end (with
# $SAMPLE_LAST=N, the median of one reading a second over the last N seconds: the collector's
# timing moves a single reading by megabytes) and the CPU time it used while left open; with
# $HEAP_REPORT set (the command preloads bench/heap-report.cjs), also "heapMb": the live heap
# after collections, asked for with SIGUSR2 once the resident memory is read.
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

argv = sys.argv[1:]
rss = False
until_exit = False
size = (100, 30)
markers = []
while argv and argv[0].startswith('--'):
    flag = argv.pop(0)
    if flag == '--rss':
        rss = True
    elif flag == '--exit':
        until_exit = True
    elif flag == '--size':
        cols, rows = argv.pop(0).split('x')
        size = (int(cols), int(rows))
    elif flag == '--until':
        markers.append(argv.pop(0).encode())
    else:
        sys.exit('unknown option ' + flag)
markers = markers or [b'Credentials:', b'quit']
start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    # The size is set here, on the child's own terminal, before the command runs: set by the
    # parent after the fork, a command that starts first reads 0×0 (and the first frame, seeing
    # a terminal too small, is not drawn).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', size[1], size[0], 0, 0))
    os.execvp(argv[0], argv)


def read_some(timeout):
    """What the app wrote within `timeout` (b'' if nothing), or None once the pty is closed."""
    r, _, _ = select.select([fd], [], [], timeout)
    if fd not in r:
        return b''
    try:
        return os.read(fd, 65536) or None
    except OSError:
        return None


def drain(seconds):
    """Reads what the app draws for `seconds` (a pty whose output is not read blocks the app)."""
    until = time.time() + seconds
    while time.time() < until:
        if read_some(0.05) is None:
            break


def cpu_ms():
    # utime and stime (clock ticks) are fields 14 and 15; counted from the name's closing ')',
    # since a name may hold spaces.
    with open('/proc/%d/stat' % pid) as stat:
        fields = stat.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf('SC_CLK_TCK')


def resident_mb():
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return float('nan')


buf = b''
elapsed = None
deadline = time.time() + 30
while time.time() < deadline:
    chunk = read_some(0.5)
    if chunk is None:
        if until_exit:
            elapsed = (time.perf_counter() - start) * 1000
        break
    buf += chunk
    if not until_exit and all(m in buf for m in markers):
        elapsed = (time.perf_counter() - start) * 1000
        break
memory = None
heap = None
cpu = None
if rss and elapsed is not None:
    for key in [b'j', b'k'] * 30:
        os.write(fd, key)
        drain(0.02)
    os.write(fd, b'/')
    for key in b'load-0\x7f\x7f\x7f\x7f\x7f\x7f' * 3:
        os.write(fd, bytes([key]))
        drain(0.02)
    os.write(fd, b'\x1b')
    index = os.environ.get('REWRITE_INDEX')
    if index:
        with open(index, 'rb') as current, open(index + '.bench', 'wb') as rewritten:
            rewritten.write(current.read())
        os.chmod(index + '.bench', 0o600)
        os.rename(index + '.bench', index)
    settle = float(os.environ.get('SETTLE', '1.5'))  # seconds left open before reading
    sampled = min(int(os.environ.get('SAMPLE_LAST', '0')), int(settle))
    cpu_before = cpu_ms()
    drain(settle - sampled)
    readings = []
    for _ in range(sampled):
        drain(1)
        readings.append(resident_mb())
    memory = sorted(readings)[len(readings) // 2] if readings else resident_mb()
    cpu = cpu_ms() - cpu_before
    report = os.environ.get('HEAP_REPORT')
    if report:
        os.kill(pid, signal.SIGUSR2)
        until = time.time() + 10
        while not os.path.exists(report) and time.time() < until:
            drain(0.05)
        if not os.path.exists(report):
            sys.exit('no heap report from the dashboard within 10 s (is bench/heap-report.cjs preloaded?)')
        with open(report) as written:
            heap = json.load(written)['heapMb']
        os.remove(report)
if not until_exit:
    os.write(fd, b'q')
    drain(0.2)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
if rss:
    print(
        json.dumps(
            {'firstFrameMs': elapsed, 'rssMb': memory, 'cpuMs': cpu, **({'heapMb': heap} if heap is not None else {})}
        )
    )
else:
    print('%.1f' % elapsed if elapsed is not None else 'nan')

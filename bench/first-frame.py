# Spawns the built binary in a real pty (100x30) and prints the ms from spawn until the first
# complete dashboard frame (the status bar line is drawn), then quits it with "q".
# With --rss first: after the first frame it moves (j/k) and filters for a while as a person
# would, leaves it open $SETTLE seconds (default 1.5), then prints a JSON line
# {"firstFrameMs", "rssMb"} with the process's resident memory.
import fcntl, json, os, pty, select, struct, sys, termios, time

argv = sys.argv[1:]
rss = argv[:1] == ['--rss']
if rss:
    argv = argv[1:]
start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))


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
        break
    buf += chunk
    if b'Credentials:' in buf and b'quit' in buf:
        elapsed = (time.perf_counter() - start) * 1000
        break
memory = None
if rss and elapsed is not None:
    for key in [b'j', b'k'] * 30:
        os.write(fd, key)
        drain(0.02)
    os.write(fd, b'/')
    for key in b'load-0\x7f\x7f\x7f\x7f\x7f\x7f' * 3:
        os.write(fd, bytes([key]))
        drain(0.02)
    os.write(fd, b'\x1b')
    drain(float(os.environ.get('SETTLE', '1.5')))  # SETTLE: seconds left open before reading
    memory = resident_mb()
os.write(fd, b'q')
drain(0.2)
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
if rss:
    print(json.dumps({'firstFrameMs': elapsed, 'rssMb': memory}))
else:
    print('%.1f' % elapsed if elapsed is not None else 'nan')

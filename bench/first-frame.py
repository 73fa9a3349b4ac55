# Spawns the built binary in a real pty (100x30) and prints the ms from spawn until the first
# complete dashboard frame (the status bar line is drawn), then quits it with "q".
import fcntl, os, pty, select, struct, sys, termios, time

argv = sys.argv[1:]
start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 30, 100, 0, 0))
buf = b''
elapsed = None
deadline = time.time() + 15
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.5)
    if fd in r:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        if elapsed is None and b'Credentials:' in buf and b'quit' in buf:
            elapsed = (time.perf_counter() - start) * 1000
            os.write(fd, b'q')
            break
try:
    os.waitpid(pid, 0)
except ChildProcessError:
    pass
print('%.1f' % elapsed if elapsed is not None else 'nan')

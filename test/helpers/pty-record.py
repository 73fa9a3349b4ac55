# Runs a command in a pseudo-terminal and prints everything it wrote, byte for byte. Each
# --step MARKER KEYS waits until MARKER has been written (after the previous step's marker) and
# then types KEYS; after the last step it waits for the command to end. Exits 3 if a marker or
# the end does not come within 20 s (what was written so far is still printed).
import fcntl, os, pty, select, struct, sys, termios, time

argv = sys.argv[1:]
size = (100, 30)
steps = []
while argv and argv[0].startswith('--'):
    flag = argv.pop(0)
    if flag == '--size':
        cols, rows = argv.pop(0).split('x')
        size = (int(cols), int(rows))
    elif flag == '--step':
        steps.append((argv.pop(0).encode(), argv.pop(0).encode()))
    else:
        sys.exit('unknown option ' + flag)
pid, fd = pty.fork()
if pid == 0:
    # The size is set here, on the child's own terminal, before the command runs: set by the
    # parent after the fork, a command that starts first reads 0×0 (and the first frame, seeing
    # a terminal too small, is not drawn).
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', size[1], size[0], 0, 0))
    os.execvp(argv[0], argv)

buf = b''
deadline = time.time() + 20
status = 0


def read_some():
    """Appends what was written within 0.2 s; False once the pty is closed."""
    global buf
    r, _, _ = select.select([fd], [], [], 0.2)
    if fd not in r:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    buf += chunk
    return bool(chunk)


seen = 0
for marker, keys in steps:
    while buf.find(marker, seen) < 0:
        if time.time() > deadline or not read_some():
            status = 3
            break
    if status:
        break
    seen = buf.find(marker, seen) + len(marker)
    os.write(fd, keys)
while status == 0 and read_some():
    if time.time() > deadline:
        status = 3
sys.stdout.buffer.write(buf)
sys.exit(status)

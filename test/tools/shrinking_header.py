"""A large header that shrinks under whoever reads it: while a `with` block
runs, a thread truncates it and writes it back, in place, over and over, as
an editor or a build step might. A memory-mapped header that shrinks under
the parser raises SIGBUS; the scripts that use this check it does no harm.

    header = ShrinkingHeader(work_dir)   # writes WORK_DIR/big.h
    with header:
        ...                              # parse files that include big.h
"""
import os
import threading
import time


class ShrinkingHeader:
    def __init__(self, work_dir):
        """Writes work_dir/big.h: 300000 comment lines, then `int last;`."""
        lines = "".join(
            f"// line {i} of a header that is rewritten while it is read\n"
            for i in range(300000))
        self.content = (lines + "int last;\n").encode()
        self.path = os.path.join(work_dir, "big.h")
        with open(self.path, "wb") as f:
            f.write(self.content)
        self._stop = threading.Event()
        self._writer = None

    def _rewrite(self):
        while not self._stop.is_set():
            with open(self.path, "r+b") as f:  # In place: same inode, as editors do.
                f.truncate(0)
                f.flush()
                time.sleep(0.01)  # Long enough for the parser to read past the end.
                f.write(self.content)
            time.sleep(0.01)

    def __enter__(self):
        self._stop.clear()
        self._writer = threading.Thread(target=self._rewrite)
        self._writer.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._writer.join()
        return False

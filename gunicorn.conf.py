"""gunicorn's settings for Tandem, read by `gunicorn mentoring.wsgi` started from this folder
(command-line options win: `--workers 3 --threads 4`).

A request is mostly Python (templates, the ORM) between short waits on PostgreSQL and Redis,
and one process runs Python on one core at a time (the GIL), whatever its threads. A
connection stays with the process that accepted it (keep-alive), so the processes' shares
of the work differ: in bench/load.py, the busiest of 3 processes did twice the work of the
least busy. So: two processes per core, and a few threads in each for those waits and for
the connections it holds. On 2 cores, 4 processes of 4 threads. (Measured against 3 x 4 and
5 x 2 on the shared machine, within its noise; sync workers, one request at a time each
and no keep-alive, kept the processes even but doubled the median: requests queued.)
"""

import os

wsgi_app = "mentoring.wsgi:application"
workers = 2 * (os.cpu_count() or 1)
threads = 4
# Longer than a browser's or a proxy's pause between two requests on one connection.
keepalive = 10

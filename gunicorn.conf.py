"""gunicorn's settings for Tandem, read by `gunicorn mentoring.wsgi` started from this folder
(command-line options win: `--workers 6 --threads 2`).

A request is mostly Python (templates, the ORM) between short waits on PostgreSQL and Redis,
and one process runs Python on one core at a time (the GIL), whatever its threads. Threads
of one process queue for the GIL after each of those waits: with 4 threads a process, a
page of twenty queries waited behind its neighbours' Python after every one of them. So:
single-threaded processes, four per core, each one request at a time, the kernel sharing
the cores between them; any free process takes the next connection (the sync worker, no
keep-alive to tie a client to a busy process), as behind the company's proxy, which keeps
the connections to the browsers. Measured with bench/load.py on the shared 2-core machine,
90 s each, one after the other: 4 processes of 4 threads, median 130 ms and p95 720 ms over
all pages; 8 single-threaded processes, median 95 ms and p95 500 ms.
"""

import os

wsgi_app = "mentoring.wsgi:application"
workers = 4 * (os.cpu_count() or 1)
threads = 1

"""``manage.py db_worker``: django-tasks-db's worker, polling without taking the database's write lock.

This command replaces the package's own of the same name (``exports`` comes before ``django_tasks_db`` in
``INSTALLED_APPS`` and Django runs the first app's command), so ``make run``, the README and process managers
keep calling ``db_worker`` with the same options. The package's worker opens an exclusive transaction at every
poll to claim a task, even when the queue is empty: on SQLite that is the one write lock of the database, taken
every second by an idle worker, and web requests wait behind it. Here a plain read outside any transaction
(under WAL it neither blocks nor waits) asks first whether a task is ready; the exclusive claim runs only then.
"""

import logging
import random
import time

from django.db import close_old_connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as package
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("django_tasks_db")

LOCKED = object()


class Worker(package.Worker):
    def ready_tasks(self):
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        return tasks

    def claim_next(self, tasks):
        """The next ready task claimed for this worker, None when another worker took it, LOCKED when busy."""
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)
                return task_result
        except OperationalError as error:
            if is_locked_database_exception(error):
                return LOCKED
            raise

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, ",".join(self.queue_names))
        if self.startup_delay and self.interval:
            time.sleep(random.random())  # spreads workers started together
        while self.running:
            close_old_connections()
            tasks = self.ready_tasks()
            task_result = self.claim_next(tasks) if tasks.exists() else None
            if task_result is not None and task_result is not LOCKED:
                self.run_task(task_result)
            elif self.batch and task_result is None:
                logger.info("No more tasks to run for worker_id=%s - exiting gracefully.", self.worker_id)
                return
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Run maximum tasks (%d) on worker=%s - exiting gracefully.", self._run_tasks,
                            self.worker_id)
                return
            close_old_connections()
            if self.running and (task_result is None or task_result is LOCKED):
                time.sleep(self.interval)


class Command(package.Command):
    help = "Run a database background worker that claims a task only when one is ready"

    def handle(self, *args, **options):
        # The package's handle() builds its worker by this module-level name; this command replaces the
        # package's in every process that runs it, so nothing else sees the swap.
        package.Worker = Worker
        super().handle(*args, **options)

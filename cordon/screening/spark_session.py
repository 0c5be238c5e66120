"""Starting Apache Spark for cordon's jobs, with a clear message when it cannot start.

pyspark is an optional extra (`pip install 'cordon[spark]'`); Spark itself needs a Java
runtime (17 or 21). Both are checked before a session is started, so a missing piece is one
sentence saying what to install, not a Py4J stack trace.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

INSTALL_HINT = "pip install 'cordon[spark]'"
DEFAULT_MASTER = "local[*]"
# Settings every cordon job runs with. (Range partitions are sized by row count with an
# explicit number, which adaptive execution keeps as it is.)
SQL_CONF = {
    "spark.sql.session.timeZone": "UTC",  # birth dates read from timestamps stay the same day
}
CORE_CONF = {
    "spark.python.worker.reuse": "true",  # the broadcast index is unpickled once per worker
}
# Local mode only: one machine, nothing listens beyond the loopback interface.
LOCAL_CONF = {
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
}


class SparkUnavailable(RuntimeError):
    """pyspark or Java is missing: the message says what to install."""


def require_pyspark() -> Any:
    """The pyspark module, or SparkUnavailable naming the extra to install."""
    try:
        import pyspark
    except ImportError:
        raise SparkUnavailable(
            f"--engine spark needs pyspark, which is not installed: {INSTALL_HINT} "
            "(and a Java 17 or 21 runtime)"
        ) from None
    return pyspark


def java_executable() -> str | None:
    """The `java` Spark will start: $JAVA_HOME/bin/java, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = Path(home) / "bin" / "java"
        return str(candidate) if candidate.exists() else None
    return shutil.which("java")


def under_spark_submit() -> bool:
    """True when spark-submit started this Python driver (it passes the JVM's gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def require_java() -> str:
    if under_spark_submit():
        return "spark-submit"  # the JVM is already running: it started us
    found = java_executable()
    if found is None:
        where = (
            f"JAVA_HOME={os.environ['JAVA_HOME']} has no bin/java"
            if os.environ.get("JAVA_HOME")
            else "no `java` on PATH and JAVA_HOME is not set"
        )
        raise SparkUnavailable(
            f"Spark needs a Java runtime (17 or 21) on the driver: {where}. "
            "Install one (e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME."
        )
    return found


def is_local(master: str) -> bool:
    return master == "local" or master.startswith("local[")


def session(
    master: str = DEFAULT_MASTER,
    app_name: str = "cordon",
    conf: dict[str, str] | None = None,
    quiet: bool = False,
) -> Any:
    """A SparkSession on `master` with cordon's job settings; `conf` (--conf) wins over them.

    A local master also runs the Python workers with this interpreter, so executors import
    the same cordon as the driver; a cluster's executors need cordon installed (docs/spark.md).
    """
    require_pyspark()
    require_java()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if not (under_spark_submit() and master == DEFAULT_MASTER):
        builder = builder.master(master)  # under spark-submit, its --master decides
    settings = {**CORE_CONF, **SQL_CONF}
    if is_local(master) and not under_spark_submit():
        settings.update(LOCAL_CONF)
        # pyspark takes the workers' interpreter from the environment, not from the conf.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if quiet:
        settings["spark.ui.showConsoleProgress"] = "false"
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    for key, value in SQL_CONF.items():  # a session that already existed gets them too
        spark.conf.set(key, (conf or {}).get(key, value))
    return spark


def parse_conf(pairs: list[str]) -> dict[str, str]:
    """`--conf key=value` options -> a dict; ValueError naming the malformed one."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"--conf {pair!r}: expected key=value, e.g. spark.executor.cores=4")
        out[key.strip()] = value
    return out

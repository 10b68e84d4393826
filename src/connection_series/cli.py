"""`series`: the project's commands, for the Makefile, pre-commit and CI.

  series check                    every contributor-file check, without building (~1 s)
  series postbuild SITE --engine  the site-level step after a build (used after Zensical)
  series zensical-config FILE     mkdocs.yml with the series applied, for Zensical to build
  series new-article "Title"      the next part of the series, from the template

The day the build is for is today (UTC), or SERIES_TODAY=YYYY-MM-DD.

Every problem prints as one line, `path:line: problem. Fix.`; the exit code is 1 if any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from connection_series.common.errors import ContributorError, Problem


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="series", description=__doc__.splitlines()[0])
    parser.add_argument("--config-file", type=Path, default=Path("mkdocs.yml"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check the files contributors edit")
    post = commands.add_parser("postbuild", help="site-level step over a built site")
    post.add_argument("site_dir", type=Path)
    post.add_argument("--engine", required=True, help='e.g. "zensical 0.0.73"')
    zensical = commands.add_parser("zensical-config", help="the configuration Zensical builds")
    zensical.add_argument("target", type=Path, help="where to write it (in the project folder)")
    new = commands.add_parser("new-article", help="start a new article")
    new.add_argument("title")
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except ContributorError as error:
        return _print(error.problems)


def _check(args) -> int:
    from connection_series.check import check_project
    from connection_series.settings import read_settings

    problems = check_project(read_settings(args.config_file))
    if not problems:
        print("No problems found in docs/, references.bib and docs/data/.")
    return _print(problems)


def _postbuild(args) -> int:
    from connection_series import postbuild
    from connection_series.settings import read_settings

    settings = read_settings(args.config_file)
    build = postbuild.SiteBuild(
        root=settings.root,
        docs_dir=settings.docs_dir,
        site_dir=args.site_dir.resolve(),
        templates=settings.templates,
        bibliography=settings.bibliography,
        site=settings.site,
        generator=args.engine,
        publishing=settings.publishing,
    )
    return _print(postbuild.run(build))


def _zensical_config(args) -> int:
    from connection_series.series.clock import build_day
    from connection_series.series.plan import plan_series
    from connection_series.series.zensical_config import write_zensical_config
    from connection_series.settings import read_settings

    settings = read_settings(args.config_file)
    plan = plan_series(settings.docs_dir, build_day())
    write_zensical_config(args.config_file, args.target, plan)
    return 0


def _new_article(args) -> int:
    from connection_series.contributors.new_article import main as new_article

    return new_article([args.title, "--config", str(args.config_file)])


def _print(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


COMMANDS = {
    "check": _check,
    "postbuild": _postbuild,
    "zensical-config": _zensical_config,
    "new-article": _new_article,
}

if __name__ == "__main__":
    sys.exit(main())

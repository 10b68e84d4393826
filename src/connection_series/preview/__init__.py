"""The preview's incremental rebuilds (`make serve`): which of a project's sources show on
other pages than their own (`sources`), so that the MkDocs plugin builds every page again
when one of them changed and only the edited pages otherwise."""

"""The recursive engine: the loop, the sandboxed REPL, budgets and the trace."""

"""Pure rules: no Flask, no database; plain values in, a result and its explanation out."""

"""Pure rules of the changshou_autonomy plugin: numbers in, explained verdicts out."""

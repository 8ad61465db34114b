"""Pure rules of the beijing_workstation plugin: numbers in, explained verdicts out."""

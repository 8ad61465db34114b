"""Pure rules of the huangpu_evaluation plugin: numbers in, explained verdicts out."""

"""Name lexicons per population: canonical Latin spelling, native script, variants."""

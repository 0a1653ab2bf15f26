"""Reading real-world files well: what each column holds (dates and their order, numbers and
their separators, yes/no words, missing-value tokens), decided per column."""

"""Personal data under UU 27/2022 (PDP): what Pantau holds, how long it keeps it, a data subject's request."""

"""What a reader sees: the views both front ends render, the static report and the local explorer."""

"""SKM (Survei Kepuasan Masyarakat): the logic that is neither a table nor a screen."""

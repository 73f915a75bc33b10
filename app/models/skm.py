"""Tables of the SKM (Survei Kepuasan Masyarakat) area."""

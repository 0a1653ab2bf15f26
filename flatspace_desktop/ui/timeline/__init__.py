"""The timeline of snapshots, and restoring one."""

"""The slice keys that the stream skeleton (`http/`) writes and the checkpoint (`state/`) reads.

They live below both packages so that neither imports the other: `http/` hands slices to `state/` only through
the small protocol in `http/checkpoints.py`, and `state/` knows nothing of streams.
"""

from __future__ import annotations

PARTITION = "partition"  # every slice names its partition: the key its state is saved under
WINDOW_FROM, WINDOW_TO = "window_from", "window_to"  # slice keys of a partition's `created` window (epoch ms)
Window = tuple[int | None, int | None]  # [from, to) in epoch ms; None is unbounded
WHOLE: Window = (None, None)  # the window of a partition that is not cut into windows
# A slice an interrupted sync had partly read resumes after this position (saved after every page, state/saved.py):
# an issue window's last issue id, an Octopus newest-first list's [next skip, last Id].
RESUME_AFTER = "resume_after"

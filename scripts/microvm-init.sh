#!/bin/sh
# Creates a new kernel project: the same as `microvm init DIR [--template NAME] [--force]`.
exec "$(dirname "$0")/microvm" init "$@"

/** Re-processing of stored events: by id, and in bulk by filter after a dry-run count. */
package io.stockbridge.replay;

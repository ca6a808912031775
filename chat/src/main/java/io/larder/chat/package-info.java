/**
 * Chat history on Larder's port: {@link io.larder.chat.ChatArchive} appends, pages, soft-deletes
 * and counts group messages kept in a {@link io.larder.Storage}; {@link io.larder.chat.OneBotImporter}
 * reads OneBot v11 event logs; {@link io.larder.chat.ChatExporter} writes JSONL for analysis and
 * training; {@link io.larder.chat.PromptRenderer} renders transcripts within a token budget.
 *
 * <p>Everything in this package is non-null unless a parameter, component or return is documented
 * as nullable. Implementation classes are package-private; what is public here is the API. The
 * package depends on {@code storage-api} only: JSON is read and written by a small strict parser of
 * its own, so no Jackson type appears here.
 */
@NullMarked
package io.larder.chat;

import org.jspecify.annotations.NullMarked;

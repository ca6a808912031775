package io.larder.benchmarks;

/**
 * The record every subject stores: one group-chat message as a QQ bridge receives it, about
 * 470 bytes of JSON, so the default encoding (LZ4 from 512 B) leaves it uncompressed like the
 * raw drivers do.
 *
 * @param id the message id, unique in its group
 * @param groupId the chat group: the partition
 * @param senderId who sent it
 * @param senderName the sender's nickname
 * @param msgType text, image, reply...
 * @param platform where it came from
 * @param timestamp when it was sent, epoch milliseconds
 * @param text the message text
 */
public record ChatMessage(String id, String groupId, String senderId, String senderName, String msgType,
                          String platform, long timestamp, String text) {
}

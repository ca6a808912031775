package io.larder.chat;

/** The standing of a sender in the group; owners and admins may delete others' messages by default. */
public enum SenderRole {
    /** The group's owner. */
    OWNER,
    /** A group administrator. */
    ADMIN,
    /** An ordinary member. */
    MEMBER,
    /** The system itself (notices, automated messages). */
    SYSTEM;

    /** Whether the role moderates the group (owner or admin). */
    public boolean moderates() {
        return this == OWNER || this == ADMIN;
    }
}

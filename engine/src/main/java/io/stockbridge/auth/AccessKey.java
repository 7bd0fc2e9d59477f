package io.stockbridge.auth;

/** An admin API key's record; the key itself is never stored, only its hash. */
public record AccessKey(long id, String name, Role role, long createdAt) {}

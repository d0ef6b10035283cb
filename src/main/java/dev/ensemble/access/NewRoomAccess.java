package dev.ensemble.access;

import java.util.List;

/** The keys of a room just created: its owner key and its first links, with their secrets. */
public record NewRoomAccess(String ownerKey, List<IssuedLink> links) {}

"""Operations: durable database settings, start-up checks, health."""

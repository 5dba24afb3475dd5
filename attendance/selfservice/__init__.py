"""Employee self-service (design §1, §5): "Jadwal saya" and "Kehadiran saya", one's own roster and attendance."""

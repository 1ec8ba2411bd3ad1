"""The console proxy behind nova-lite-novncproxy."""

from storytrail.cli import app

app()

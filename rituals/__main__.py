from rituals.cli import main

main()

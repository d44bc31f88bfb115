from edusphere.cli import main

main()

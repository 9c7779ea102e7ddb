def main() -> None:
    from redress.engine import x
    print(x)

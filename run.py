"""Start Pantau for development: migrate, sync roles, load the demo on first start, serve on :8080."""
import os

from app import create_app

app = create_app()


def main():
    from app.demo import demo_logins
    from app.install import prepare

    with app.app_context():
        loaded = prepare(load_demo_if_empty=app.config["PANTAU_ENV"] != "production")
        if loaded:
            print("Data demo dimuat ke basis data baru.")
        if app.config["PANTAU_ENV"] != "production":
            print("\n".join(demo_logins()))
    host = os.environ.get("PANTAU_HOST", "127.0.0.1")
    port = int(os.environ.get("PANTAU_PORT", "8080"))
    print(f"Pantau berjalan di http://{host}:{port}")
    app.run(host=host, port=port, debug=False)


if __name__ == "__main__":
    main()

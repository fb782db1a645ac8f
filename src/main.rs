//! Entry point of the web app: installs the panic panel and mounts the page.

fn main() {
    yardstick::app::start();
}

/* cameramap: the site header's menu button (phones). Without this script the menu is simply open;
   with it, narrow screens show a disclosure button (aria-expanded) that opens and closes the menu,
   and Escape closes it and returns focus to the button. */
const button = document.getElementById("site-menu-button");
const header = button ? button.closest(".site-header") : null;

function setOpen(open) {
  button.setAttribute("aria-expanded", open ? "true" : "false");
  header.classList.toggle("menu-open", open);
}

if (button && header) {
  button.hidden = false;
  header.classList.add("has-menu-button");
  setOpen(false);
  button.addEventListener("click", () => setOpen(button.getAttribute("aria-expanded") !== "true"));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
}

// A form marked data-send-once disables its submit buttons while it is sent, so a
// second click cannot send it again. The server stores one registration per form
// token anyway (people.views.register); this only spares the clerk the wait.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.hasAttribute("data-send-once")) return;
  var pressed = event.submitter;
  if (pressed && pressed.name) {
    // A disabled button is not sent: keep its name and value in the form.
    var copy = document.createElement("input");
    copy.type = "hidden";
    copy.name = pressed.name;
    copy.value = pressed.value;
    form.appendChild(copy);
  }
  form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
    b.disabled = true;
    b.setAttribute("aria-busy", "true");
  });
});

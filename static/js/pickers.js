/* Checkbox pickers (notice_tracker/lib/pickers.py): a filter box and a "Selected" list.
   Without this file the picker is plain checkboxes under their groups' legends, and still works. */
(function () {
  "use strict";

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(Boolean);
  }

  function setUp(picker) {
    var noun = picker.getAttribute("data-noun") || "options";
    var tools = picker.querySelector("[data-picker-tools]");
    var filter = picker.querySelector("[data-picker-filter]");
    var shown = picker.querySelector("[data-picker-shown]");
    var selected = picker.querySelector("[data-picker-selected]");
    var options = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-option]"));
    var groups = Array.prototype.slice.call(picker.querySelectorAll("[data-picker-group]"));
    if (!tools || !filter || !shown || !selected) {
      return;
    }

    function labelOf(option) {
      return option.querySelector("label").textContent.trim();
    }

    function applyFilter() {
      var wanted = words(filter.value);
      var count = 0;
      groups.forEach(function (group) {
        var legend = group.querySelector("legend");
        var groupText = legend ? legend.textContent.toLowerCase() : "";
        var any = false;
        group.querySelectorAll("[data-picker-option]").forEach(function (option) {
          var text = groupText + " " + labelOf(option).toLowerCase();
          var match = wanted.every(function (word) { return text.indexOf(word) !== -1; });
          option.hidden = !match;
          if (match) { any = true; count += 1; }
        });
        group.hidden = !any;
      });
      if (!wanted.length) {
        shown.textContent = "Showing all " + options.length + " " + noun + ".";
      } else if (count === 0) {
        shown.textContent = "No " + noun + " match \u201c" + filter.value.trim() + "\u201d.";
      } else {
        shown.textContent = "Showing " + count + " of " + options.length + " " + noun + ".";
      }
    }

    function showSelected() {
      var ticked = options.filter(function (option) { return option.querySelector("input").checked; });
      selected.textContent = "";
      var heading = document.createElement("p");
      heading.className = "picker-selected-heading";
      heading.textContent = ticked.length ? "Selected (" + ticked.length + "):" : "Selected: none yet.";
      selected.appendChild(heading);
      if (!ticked.length) {
        return;
      }
      var list = document.createElement("ul");
      list.className = "picker-tags";
      ticked.forEach(function (option) {
        var box = option.querySelector("input");
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm btn-outline-secondary picker-tag";
        button.textContent = labelOf(option);
        var hint = document.createElement("span");
        hint.className = "visually-hidden";
        hint.textContent = "Remove ";
        button.insertBefore(hint, button.firstChild);
        var cross = document.createElement("span");
        cross.setAttribute("aria-hidden", "true");
        cross.textContent = " \u00d7";
        button.appendChild(cross);
        button.addEventListener("click", function () {
          box.checked = false;
          box.dispatchEvent(new Event("change", { bubbles: true }));
          // Focus stays in the list: the next tag, or the filter box when none is left.
          var next = selected.querySelector("button.picker-tag");
          (next || filter).focus();
        });
        item.appendChild(button);
        list.appendChild(item);
      });
      selected.appendChild(list);
    }

    tools.hidden = false;
    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // Enter in the filter box filters; it does not send the form
      } else if (event.key === "Escape" && filter.value) {
        event.preventDefault();
        filter.value = "";
        applyFilter();
      }
    });
    picker.addEventListener("change", function (event) {
      if (event.target.type === "checkbox") {
        showSelected();
      }
    });
    applyFilter();
    showSelected();
  }

  function start() {
    document.querySelectorAll("[data-picker]").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

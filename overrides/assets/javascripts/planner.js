/* The weekly planner (overrides/planner/sheet.html): keeps entries in this browser only
   (localStorage), clears them, prints, and builds an .ics calendar file for the fixed
   moments. Nothing is sent anywhere. Without JavaScript the buttons stay hidden and the
   page prints as a blank planner. */
(function () {
  "use strict";

  var root = document.querySelector("[data-planner]");
  if (!root) {
    return;
  }
  var storageKey = root.getAttribute("data-storage-key");
  var fields = Array.prototype.slice.call(root.querySelectorAll(".planner-sheet [name]"));

  function say(selector, text) {
    var status = root.querySelector(selector);
    status.textContent = "";
    // A fresh text node after a tick, so screen readers announce a repeated message too.
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  /* ---- Entries kept in this browser ---- */
  function markFilled(field) {
    // Print CSS hides the browser's "--:--" hint in empty time fields (see planner.css).
    if (field.value && field.type !== "checkbox") {
      field.setAttribute("data-filled", "");
    } else {
      field.removeAttribute("data-filled");
    }
  }

  function readStore() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "{}") || {};
    } catch (error) {
      return {}; // storage blocked (private mode settings) or damaged: start blank
    }
  }

  function writeStore() {
    var entries = {};
    fields.forEach(function (field) {
      if (field.type === "checkbox") {
        if (field.checked) { entries[field.name] = true; }
      } else if (field.value) {
        entries[field.name] = field.value;
      }
    });
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(entries));
    } catch (error) {
      /* storage blocked: the planner still works for this visit */
    }
  }

  var saved = readStore();
  fields.forEach(function (field) {
    if (Object.prototype.hasOwnProperty.call(saved, field.name)) {
      if (field.type === "checkbox") {
        field.checked = saved[field.name] === true;
      } else {
        field.value = String(saved[field.name]);
      }
    }
    markFilled(field);
  });

  root.addEventListener("input", function (event) {
    markFilled(event.target);
    writeStore();
  });
  root.addEventListener("change", function (event) {
    markFilled(event.target);
    writeStore();
  });

  root.querySelector("[data-planner-clear]").addEventListener("click", function () {
    if (!window.confirm(root.getAttribute("data-msg-clear-confirm"))) {
      return;
    }
    fields.forEach(function (field) {
      if (field.type === "checkbox") { field.checked = false; } else { field.value = ""; }
      markFilled(field);
    });
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      /* nothing was stored */
    }
    say("[data-planner-status]", root.getAttribute("data-msg-cleared"));
  });

  root.querySelector("[data-planner-print]").addEventListener("click", function () {
    window.print();
  });

  /* ---- Calendar file (RFC 5545) ---- */
  var WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]; // Date.getDay() order

  function two(number) { return (number < 10 ? "0" : "") + number; }

  function localStamp(date) {
    return date.getFullYear() + two(date.getMonth() + 1) + two(date.getDate()) + "T" +
      two(date.getHours()) + two(date.getMinutes()) + "00";
  }

  function utcStamp(date) {
    return date.getUTCFullYear() + two(date.getUTCMonth() + 1) + two(date.getUTCDate()) + "T" +
      two(date.getUTCHours()) + two(date.getUTCMinutes()) + two(date.getUTCSeconds()) + "Z";
  }

  // TEXT values: backslash, semicolon, comma and line breaks are escaped (RFC 5545 3.3.11).
  function escapeText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }

  // Lines longer than 75 octets are folded: CRLF and a space, never inside a character.
  function fold(line) {
    var encoder = new TextEncoder();
    var out = "";
    var octets = 0;
    Array.from(line).forEach(function (character) {
      var size = encoder.encode(character).length;
      if (octets + size > 75) {
        out += "\r\n ";
        octets = 1;
      }
      out += character;
      octets += size;
    });
    return out;
  }

  // The next time this weekday and time comes round, from now (today if still ahead).
  function nextOccurrence(now, weekday, time) {
    var parts = time.split(":");
    var start = new Date(now.getFullYear(), now.getMonth(), now.getDate(),
      Number(parts[0]), Number(parts[1]), 0, 0);
    var ahead = (WEEKDAYS.indexOf(weekday) - now.getDay() + 7) % 7;
    start.setDate(start.getDate() + ahead);
    if (start <= now) {
      start.setDate(start.getDate() + 7);
    }
    return start;
  }

  function randomId() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function moments() {
    var table = root.querySelector("[data-planner-calendar-table]");
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      var moment = { day: "", time: "", words: [] };
      Array.prototype.forEach.call(row.querySelectorAll("[data-type]"), function (field) {
        var type = field.getAttribute("data-type");
        if (type === "day") { moment.day = field.value; }
        if (type === "time") { moment.time = field.value; }
        if (type === "text" && field.value.trim()) { moment.words.push(field.value.trim()); }
      });
      return moment;
    }).filter(function (moment) { return moment.day && moment.time; });
  }

  function calendarText(list, now) {
    var title = root.getAttribute("data-calendar-event");
    var product = root.getAttribute("data-calendar-product");
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//" + product.replace(/\/\//g, "/") + "//Weekly planner//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH"
    ];
    list.forEach(function (moment) {
      var summary = moment.words.length ? title + ": " + moment.words.join(", ") : title;
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + randomId() + "@weekly-planner.invalid",
        "DTSTAMP:" + utcStamp(now),
        "DTSTART:" + localStamp(nextOccurrence(now, moment.day, moment.time)),
        "DURATION:PT30M",
        "RRULE:FREQ=WEEKLY;BYDAY=" + moment.day,
        "SUMMARY:" + escapeText(summary),
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  root.querySelector("[data-planner-calendar]").addEventListener("click", function () {
    var list = moments();
    if (!list.length) {
      say("[data-planner-calendar-status]", root.getAttribute("data-msg-calendar-empty"));
      return;
    }
    var blob = new Blob([calendarText(list, new Date())], { type: "text/calendar;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = root.getAttribute("data-calendar-file");
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    say("[data-planner-calendar-status]", root.getAttribute("data-msg-calendar-ready"));
  });

  Array.prototype.forEach.call(root.querySelectorAll("[data-planner-js]"), function (part) {
    part.hidden = false;
  });
})();

// Starts the NHS.UK frontend components (menus, details, character counts) where modules are supported.
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";

initAll();

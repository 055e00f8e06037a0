/** UXP panel entry: install the UXP host first, then boot the same panel page the CEP build uses. */
import './install';
import '../../panel/src/main';

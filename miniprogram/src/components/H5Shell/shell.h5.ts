// The H5 build's navigation bar and tab bar are drawn by Taro's router (app.config.ts): these are their styles.
import './h5-shell.css';
